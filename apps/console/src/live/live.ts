import type { ClientToServerEvents, ServerToClientEvents } from '@gan119/dispatch';
import { io, Socket } from 'socket.io-client';
import { postJson } from '../api';
import { refreshSession, session } from '../auth';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Who = { kind: 'unit'; unitId: number } | { kind: 'console'; jurisdiction?: number };

/**
 * Connects to the live feed as a tablet or a console, with the login's token when signed in, else a
 * demo token (only where sign-in is not required). socket.io reconnects by itself; on every (re)connect the server replays
 * the tablet's unacknowledged orders, or sends the console a fresh snapshot.
 */
export async function connectLive(who: Who, onState: (state: 'up' | 'down') => void): Promise<LiveSocket> {
  const signedIn = session();
  const token = signedIn ? signedIn.accessToken : (await postJson<{ token: string }>('/api/live/demo-token', who)).token;
  const socket: LiveSocket = io(location.origin, { auth: { token }, transports: ['websocket'] });
  socket.on('connect', () => onState('up'));
  socket.on('disconnect', () => onState('down'));
  socket.on('connect_error', () => onState('down'));
  // a login's socket is closed when its access token expires: refresh it and come back
  socket.on('session:error', () => {
    if (!session()) return;
    void refreshSession().then((fresh) => {
      if (!fresh) return location.reload(); // the session is over: the sign-in page
      socket.auth = { token: fresh.accessToken };
      socket.connect();
    });
  });
  return socket;
}

/** A short two-tone alert for a new order (WebAudio: nothing to download). */
export function beep(): void {
  try {
    const ctx = new AudioContext();
    [880, 660, 880].forEach((f, i) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = f;
      g.gain.value = 0.2;
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + i * 0.25);
      o.stop(ctx.currentTime + i * 0.25 + 0.2);
    });
  } catch {
    /* no audio device: the visual alert remains */
  }
}
