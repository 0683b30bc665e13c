// Chart.js, registered with only the pieces the statistics screen uses (keeps the chunk small).
import {
  Chart, LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Tooltip, Filler,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Tooltip, Filler);

function css(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function draw(canvas, kind, labels, values) {
  const accent = css('--accent', '#5d7d6b');
  const ink = css('--muted', '#6b6a64');
  const grid = css('--line', '#e4dfd4');
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const mood = kind === 'mood';
  return new Chart(canvas, {
    type: mood ? 'line' : 'bar',
    data: {
      labels,
      datasets: [{
        label: mood ? 'Mood' : 'Words',
        data: values,
        borderColor: accent,
        backgroundColor: mood ? accent + '22' : accent + 'aa',
        fill: mood,
        tension: 0.35,
        spanGaps: true,
        // A lone point is easy to miss: draw few points larger.
        pointRadius: values.filter((v) => v != null).length < 4 ? 5 : 3,
        pointBackgroundColor: accent,
        borderRadius: 6,
        maxBarThickness: 28,
      }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduce ? false : { duration: 500 },
      plugins: { legend: { display: false }, tooltip: { intersect: false } },
      scales: {
        x: { ticks: { color: ink, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, grid: { display: false } },
        y: mood
          ? { min: -1, max: 1, ticks: { color: ink, stepSize: 0.5 }, grid: { color: grid } }
          : { beginAtZero: true, ticks: { color: ink, precision: 0 }, grid: { color: grid } },
      },
    },
  });
}
