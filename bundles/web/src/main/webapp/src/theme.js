// Light, dark or the device's choice, from the user's preferences.
export function applyTheme(theme) {
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
  else delete root.dataset.theme;
  try {
    localStorage.setItem('pauz.theme', theme || 'system');
  } catch {
    // private mode
  }
}

export function rememberedTheme() {
  try {
    return localStorage.getItem('pauz.theme') || 'system';
  } catch {
    return 'system';
  }
}
