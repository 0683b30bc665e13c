import { useEffect, useState } from 'preact/hooks';
import { api, objectUrl } from '../api.js';
import { ErrorNote, Loading, PageTitle, Unavailable, formatDay, useLoad } from '../ui.jsx';

const SEASONS = { SPRING: 'spring', SUMMER: 'summer', AUTUMN: 'autumn', FALL: 'autumn', WINTER: 'winter' };

/** The garden picture (the server draws it), its flowers as a list, and the theme choice. */
export function Garden() {
  const garden = useLoad(() => api('garden'), []);
  const themes = useLoad(() => api('garden/themes'), []);
  const [picture, setPicture] = useState(null);
  const [pictureError, setPictureError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [themeError, setThemeError] = useState(null);

  useEffect(() => {
    if (!garden.data) return undefined;
    let url;
    objectUrl('garden.svg?v=' + encodeURIComponent(garden.data.updatedAt || Date.now()))
      .then((u) => { url = u; setPicture(u); setPictureError(null); })
      .catch((e) => setPictureError(e));
    return () => url && URL.revokeObjectURL(url);
  }, [garden.data?.updatedAt, garden.data?.themeId, garden.data?.flowers?.length]);

  async function choose(e) {
    setSaving(true);
    setThemeError(null);
    try {
      garden.set(await api('garden/theme', { method: 'PUT', body: { themeId: e.currentTarget.value } }));
      themes.reload();
    } catch (err) {
      setThemeError(err);
    }
    setSaving(false);
  }

  if (garden.error?.unavailable) {
    return <main id="main"><PageTitle>Your garden</PageTitle><Unavailable what="The garden" error={garden.error} onRetry={garden.reload} /></main>;
  }
  const g = garden.data;
  const flowers = g?.flowers || [];
  const season = g ? SEASONS[g.season] || String(g.season || '').toLowerCase() : '';
  return (
    <main id="main">
      <PageTitle sub="Every entry and every guided session plants something. It grows as you keep writing.">Your garden</PageTitle>
      {garden.loading && <Loading />}
      <ErrorNote error={garden.error} />
      {g && (
        <>
          <figure class="card garden-figure">
            {picture
              ? <img src={picture} class="garden-img" alt={`Your garden in ${season}: ${flowers.length} ${flowers.length === 1 ? 'flower' : 'flowers'}.`} />
              : pictureError ? <p class="note">The picture could not be drawn right now.</p> : <Loading label="Drawing your garden…" />}
            <figcaption class="muted">
              <span data-testid="flower-count">{flowers.length} {flowers.length === 1 ? 'flower' : 'flowers'}</span>
              {' · '}{season}{g.themeName ? ' · ' + g.themeName : ''}
            </figcaption>
          </figure>
          {themes.data?.themes?.length > 1 && (
            <section class="card">
              <label class="field inline">
                <span>Garden theme</span>
                <select value={themes.data.chosen} onChange={choose} disabled={saving}>
                  {themes.data.themes.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </label>
              <ErrorNote error={themeError} />
            </section>
          )}
          <section aria-labelledby="flowers-h">
            <h2 id="flowers-h">Flowers</h2>
            {flowers.length === 0 ? (
              <p class="card quiet">Nothing has sprouted yet. <a href="/">Write an entry</a> or finish a <a href="/guided">guided session</a> to plant your first flower.</p>
            ) : (
              <ul class="flower-list">
                {[...flowers].sort((a, b) => String(b.plantedAt).localeCompare(String(a.plantedAt))).map((f) => (
                  <li key={f.id} class="flower">
                    <span class="flower-dot" style={{ background: hue(f.mood) }} aria-hidden="true" />
                    <span>
                      <strong>{f.name || f.kind}</strong>
                      <span class="muted small"> · {f.source === 'guided' ? 'guided session' : 'entry'} · {formatDay(f.plantedAt, { day: 'numeric', month: 'short' })}</span>
                      <span class="muted small"> · {f.stage >= f.stages ? 'in full bloom' : `growing (${f.stage} of ${f.stages})`}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}

function hue(mood) {
  const m = Math.max(-1, Math.min(1, Number(mood) || 0));
  return `hsl(${Math.round(220 - (m + 1) * 85)}, 55%, 62%)`;
}
