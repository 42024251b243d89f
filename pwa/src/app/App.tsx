import { Provider } from '@urql/preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { client } from '../graphql/client';
import { LoginScreen } from '../session/LoginScreen';
import { getSession, onSessionChange, type SessionState } from '../session/session';
import { publicTrackPath, usePath } from './router';
import { Shell } from './Shell';
import { UpdatePrompt } from './UpdatePrompt';

// The customer look-up needs no account: it is served whatever the session, outside the shell.
const PublicTrackScreen = lazy(() => import('../features/orders/PublicTrackScreen').then((m) => ({ default: m.PublicTrackScreen })));

export function App() {
  const path = usePath();
  const [session, setSession] = useState<SessionState>(getSession);
  useEffect(() => onSessionChange(setSession), []);

  const publicTrack = publicTrackPath(path);
  if (publicTrack) {
    return (
      <Suspense fallback={null}>
        <PublicTrackScreen initialWaybill={publicTrack.waybill} />
        <UpdatePrompt />
      </Suspense>
    );
  }

  if (session.status === 'starting') return null;
  if (session.status === 'signedOut') {
    return (
      <>
        <LoginScreen reason={session.reason} />
        <UpdatePrompt />
      </>
    );
  }
  return (
    <Provider value={client}>
      <Shell key={session.staff.id} staff={session.staff} />
    </Provider>
  );
}
