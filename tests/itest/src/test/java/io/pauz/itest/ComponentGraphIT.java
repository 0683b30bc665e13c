package io.pauz.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * No cycle of Declarative Services references that obtain their service objects, across every bundle pauz.jar ships.
 * <p>
 * Why: when component A's activation obtains B and B's activation obtains A, two threads creating them in opposite
 * order (the start-level thread and the Jakarta REST whiteboard) wait on each other inside Felix forever and PAUZ never
 * serves (seen once in five starts when configuration arrived early). A whiteboard listener reference must take
 * {@code ComponentServiceObjects} or a {@code ServiceReference} (see io.pauz.support.Listeners), which binds without
 * creating the listener. Read from the jars, no framework: cheap and deterministic where the race is not.
 */
public class ComponentGraphIT {
    private record Reference(String name, String service, boolean obtainsObject) {
    }

    private record Component(String bundle, String name, List<String> provides, List<Reference> references) {
    }

    @Test
    public void noComponentCycleObtainsServiceObjects() throws Exception {
        List<Component> components = new ArrayList<>();
        for (String jar : PauzOptions.bundles().keySet()) {
            components.addAll(components(jar));
        }
        assertTrue("found no PAUZ components: " + components.size(),
                components.stream().filter(c -> c.bundle().startsWith("io.pauz")).count() > 30);

        Map<String, List<Component>> providers = new HashMap<>();
        for (Component c : components) {
            for (String service : c.provides()) {
                providers.computeIfAbsent(service, s -> new ArrayList<>()).add(c);
            }
        }
        List<String> cycles = new ArrayList<>();
        for (Component start : components) {
            findCycles(start, start, new ArrayList<>(List.of(start.name())), new HashSet<>(Set.of(start.name())),
                    providers, cycles);
        }
        assertEquals("reference cycles that obtain service objects (bind listeners as ComponentServiceObjects):\n"
                + String.join("\n", cycles), List.of(), cycles);
    }

    @Test
    public void listenerBindingsAreRecognisedAsLazy() throws Exception {
        // The check above is only as good as its reading of bind methods: the journal's listener reference must be lazy.
        Component journal = null;
        for (String jar : PauzOptions.bundles().keySet()) {
            for (Component c : components(jar)) {
                if (c.name().equals("io.pauz.journal.internal.JournalServiceImpl")) {
                    journal = c;
                }
            }
        }
        assertTrue("journal component not found", journal != null);
        Reference listeners = journal.references().stream()
                .filter(r -> r.service().equals("io.pauz.api.journal.JournalListener")).findFirst().orElseThrow();
        assertTrue("listener reference must bind lazily", !listeners.obtainsObject());
        assertTrue("other references obtain their objects", journal.references().stream()
                .anyMatch(r -> r.service().equals("io.pauz.api.bucket.BucketStore") && r.obtainsObject()));
    }

    private static void findCycles(Component start, Component at, List<String> path, Set<String> seen,
            Map<String, List<Component>> providers, List<String> cycles) {
        for (Reference ref : at.references()) {
            if (!ref.obtainsObject()) {
                continue;
            }
            for (Component next : providers.getOrDefault(ref.service(), List.of())) {
                String step = " -[" + ref.service().substring(ref.service().lastIndexOf('.') + 1) + "]-> " + next.name();
                if (next == start) {
                    // report each cycle once, from its smallest member
                    if (path.stream().skip(1).allMatch(step2 -> start.name().compareTo(step2.substring(step2.indexOf("]-> ") + 4)) <= 0)) {
                        cycles.add(String.join("", path) + step);
                    }
                } else if (seen.add(next.name()) && path.size() < 8) {
                    path.add(step);
                    findCycles(start, next, path, seen, providers, cycles);
                    path.remove(path.size() - 1);
                }
            }
        }
    }

    private static List<Component> components(String jarPath) throws Exception {
        List<Component> result = new ArrayList<>();
        try (JarFile jar = new JarFile(jarPath)) {
            String header = jar.getManifest().getMainAttributes().getValue("Service-Component");
            String bsn = jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (header == null) {
                return result;
            }
            for (String xml : header.split(",")) {
                ZipEntry entry = jar.getEntry(xml.trim());
                if (entry == null) {
                    continue; // a wildcard or optional header; nothing PAUZ ships
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                    factory.setNamespaceAware(true);
                    Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
                    NodeList all = root.getLocalName().equals("component") ? null : root.getChildNodes();
                    List<Element> elements = new ArrayList<>();
                    if (all == null) {
                        elements.add(root);
                    } else {
                        for (int i = 0; i < all.getLength(); i++) {
                            if (all.item(i) instanceof Element e && "component".equals(e.getLocalName())) {
                                elements.add(e);
                            }
                        }
                    }
                    for (Element component : elements) {
                        result.add(component(jar, bsn, component));
                    }
                }
            }
        }
        return result;
    }

    private static Component component(JarFile jar, String bsn, Element component) throws IOException {
        String implementation = child(component, "implementation").get(0).getAttribute("class");
        ClassShape shape = ClassShape.read(jar, implementation);
        List<String> provides = new ArrayList<>();
        for (Element service : child(component, "service")) {
            for (Element provide : child(service, "provide")) {
                provides.add(provide.getAttribute("interface"));
            }
        }
        List<Reference> references = new ArrayList<>();
        for (Element ref : child(component, "reference")) {
            references.add(new Reference(ref.getAttribute("name"), ref.getAttribute("interface"), obtainsObject(ref, shape)));
        }
        return new Component(bsn, component.getAttribute("name"), provides, references);
    }

    /** False when DS binds this reference without getting the service: ComponentServiceObjects or ServiceReference. */
    private static boolean obtainsObject(Element ref, ClassShape shape) {
        String collectionType = ref.getAttribute("field-collection-type");
        if (!ref.getAttribute("field").isEmpty()) {
            if (collectionType.equals("reference") || collectionType.equals("serviceobjects")) {
                return false;
            }
            String type = shape.fields.get(ref.getAttribute("field"));
            return type == null || !lazyType(type);
        }
        if (!ref.getAttribute("parameter").isEmpty()) {
            int index = Integer.parseInt(ref.getAttribute("parameter"));
            for (Type[] params : shape.constructors) {
                if (params.length > index && lazyType(params[index].getDescriptor())) {
                    return false;
                }
            }
            return true;
        }
        String bind = ref.getAttribute("bind");
        List<Type[]> candidates = shape.methods.getOrDefault(bind, List.of());
        return candidates.isEmpty() || candidates.stream().anyMatch(params -> params.length == 0
                || !lazyType(params[0].getDescriptor()));
    }

    private static boolean lazyType(String descriptor) {
        return descriptor.equals("Lorg/osgi/service/component/ComponentServiceObjects;")
                || descriptor.equals("Lorg/osgi/framework/ServiceReference;");
    }

    private static List<Element> child(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && localName.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    /** Field types, method and constructor parameters of one class (its own, not inherited: PAUZ components are final). */
    private static final class ClassShape extends ClassVisitor {
        final Map<String, String> fields = new HashMap<>();
        final Map<String, List<Type[]>> methods = new HashMap<>();
        final Set<Type[]> constructors = new LinkedHashSet<>();

        private ClassShape() {
            super(Opcodes.ASM9);
        }

        static ClassShape read(JarFile jar, String className) throws IOException {
            ClassShape shape = new ClassShape();
            ZipEntry entry = jar.getEntry(className.replace('.', '/') + ".class");
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    new ClassReader(in).accept(shape, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG);
                }
            }
            return shape;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.put(name, descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            Type[] params = Type.getArgumentTypes(descriptor);
            if (name.equals("<init>")) {
                constructors.add(params);
            } else {
                methods.computeIfAbsent(name, n -> new ArrayList<>()).add(params);
            }
            return null;
        }
    }
}
