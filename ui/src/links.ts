// Pure URL helpers (unit-tested in test/unit.test.mjs).

/**
 * MLflow's own UI uses hash URLs, and the mlflow client prints them ("View run at
 * http://host/#/experiments/1/runs/<id>"): those links open the same page here.
 */
export function fromMlflowHash(hash: string): string | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const [path, search = ''] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'experiments' && parts[2] === 'runs' && parts[3]) return `/runs/${parts[3]}`;
  if (parts[0] === 'compare-runs') {
    try {
      const runs = JSON.parse(new URLSearchParams(search).get('runs') ?? '[]') as string[];
      return '/compare?runs=' + encodeURIComponent(runs.join(','));
    } catch {
      return '/compare';
    }
  }
  if (parts[0] === 'experiments' || parts[0] === 'models') return '/' + parts.join('/');
  return undefined;
}
