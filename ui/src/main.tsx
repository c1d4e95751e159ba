import { render } from 'preact';
import './style.css';
import { useLocation } from './router';
import { fromMlflowHash } from './links';
import { Link } from './components/common';
import { ExperimentsPage } from './pages/Experiments';
import { RunsPage } from './pages/Runs';
import { RunPage } from './pages/Run';
import { ComparePage } from './pages/Compare';
import { ModelsPage } from './pages/Models';
import { ModelPage } from './pages/Model';
import { DeploymentsPage } from './pages/Deployments';
import { DeploymentPage } from './pages/Deployment';
import { MonitorsPage } from './pages/Monitors';
import { MonitorPage } from './pages/Monitor';
import { MonitorWindowPage } from './pages/MonitorWindow';
import { RetrainRequestsPage } from './pages/RetrainRequests';

function page(path: string, query: URLSearchParams) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case undefined:
    case 'experiments':
      return parts[1] ? <RunsPage experimentId={parts[1]} query={query} /> : <ExperimentsPage query={query} />;
    case 'runs':
      return parts[1] ? <RunPage runId={parts[1]} query={query} /> : <NotFound />;
    case 'compare':
      return <ComparePage query={query} />;
    case 'models':
      return parts[1] ? <ModelPage name={parts[1]} version={parts[2] === 'versions' ? parts[3] : undefined} /> : <ModelsPage query={query} />;
    case 'deployments':
      return parts[1] ? <DeploymentPage name={parts[1]} /> : <DeploymentsPage />;
    case 'monitors':
      if (!parts[1]) return <MonitorsPage />;
      return parts[2] === 'windows' && parts[3] ? <MonitorWindowPage name={parts[1]} start={parts[3]} /> : <MonitorPage name={parts[1]} />;
    case 'retrain-requests':
      return parts[1] ? <NotFound /> : <RetrainRequestsPage query={query} />;
    default:
      return <NotFound />;
  }
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to the experiments</Link>
      </p>
    </section>
  );
}

const legacy = fromMlflowHash(window.location.hash);
if (legacy) history.replaceState(null, '', legacy);

function App() {
  const loc = useLocation();
  const first = loc.path.split('/')[1] || 'experiments';
  // retrain requests come from the monitors' alert rules: the Monitors tab stays current there
  const section = first === 'retrain-requests' ? 'monitors' : first;
  const nav = (href: string, label: string, key: string) => (
    <Link href={href} aria-current={section === key || (key === 'experiments' && section === 'runs') ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          Capstan
        </Link>
        <nav aria-label="Main">
          {nav('/experiments', 'Experiments', 'experiments')}
          {nav('/models', 'Models', 'models')}
          {nav('/deployments', 'Deployments', 'deployments')}
          {nav('/monitors', 'Monitors', 'monitors')}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page(loc.path, loc.query)}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
