import { Provider } from '@urql/preact';
import { useEffect, useState } from 'preact/hooks';
import { client } from '../graphql/client';
import { LoginScreen } from '../session/LoginScreen';
import { getSession, onSessionChange, type SessionState } from '../session/session';
import { Shell } from './Shell';
import { UpdatePrompt } from './UpdatePrompt';

export function App() {
  const [session, setSession] = useState<SessionState>(getSession);
  useEffect(() => onSessionChange(setSession), []);

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
