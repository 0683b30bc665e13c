package io.pauz.memory.infinispan.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.infinispan.remoting.transport.jgroups.AbstractJGroupsChannelConfigurator;
import org.jgroups.JChannel;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;

/**
 * The JGroups stack of Infinispan's default-jgroups-tcp.xml, built in code from the settings:
 * TCP on the configured address and port only, static discovery (TCPPING) of the configured hosts
 * only, no multicast discovery and no UDP diagnostics. Infinispan calls it through the
 * {@code channel-configurator} transport property (a transport instance given to the
 * configuration builder is not kept: Infinispan copies the configuration and re-creates it).
 */
final class StaticTcpChannelConfigurator extends AbstractJGroupsChannelConfigurator {
    private final Settings settings;

    StaticTcpChannelConfigurator(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return "pauz-static-tcp";
    }

    @Override
    public JChannel createChannel(String name) throws Exception {
        return amendChannel(channel(settings));
    }

    @Override
    public String getProtocolStackString() {
        return "TCP(bind_addr=" + settings.bindAddress() + ",bind_port=" + settings.bindPort() + ",port_range=0):"
                + "TCPPING(initial_hosts=" + settings.initialHosts() + ",port_range=0):MERGE3:FD_SOCK2:FD_ALL3:"
                + "VERIFY_SUSPECT2:NAKACK2:UNICAST3:STABLE:GMS:UFC:MFC:FRAG4";
    }

    @Override
    public List<ProtocolConfiguration> getProtocolStack() {
        return List.of();
    }

    static JChannel channel(Settings s) throws Exception {
        InetAddress bind = InetAddress.getByName(s.bindAddress());
        List<InetSocketAddress> hosts = new ArrayList<>();
        for (Settings.HostPort hp : s.initialHosts()) {
            hosts.add(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port()));
        }
        TCP tcp = new TCP();
        tcp.setBindAddress(bind);
        tcp.setBindPort(s.bindPort());
        tcp.setPortRange(0);
        TCPPING ping = new TCPPING();
        ping.setInitialHosts(hosts);
        ping.setPortRange(0);
        MERGE3 merge = new MERGE3();
        merge.setMinInterval(10_000);
        merge.setMaxInterval(30_000);
        FD_SOCK2 fdSock = new FD_SOCK2().setBindAddress(bind);
        VERIFY_SUSPECT2 verify = new VERIFY_SUSPECT2();
        verify.setTimeout(1000);
        NAKACK2 nakack = new NAKACK2();
        nakack.useMcastXmit(false);
        GMS gms = new GMS().setJoinTimeout(s.joinTimeoutMs());
        gms.printLocalAddress(false);
        JChannel channel = new JChannel(tcp, ping, merge, fdSock, new FD_ALL3(), verify, nakack, new UNICAST3(),
                new STABLE(), gms, new UFC(), new MFC(), new FRAG4());
        // Created by init() above, started on connect: keep it from opening a multicast socket.
        tcp.getDiagnosticsHandler().setEnabled(false);
        channel.name(s.nodeName());
        return channel;
    }
}
