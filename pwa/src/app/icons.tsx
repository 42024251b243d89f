// Small inline icons (decorative: every control also has a visible or accessible name).
import type { JSX } from 'preact';

const paths: Record<string, string> = {
  today: 'M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7Zm-2 8h14v10H5V10Zm2 2v3h3v-3H7Z',
  orders: 'M21 8 12 3 3 8v8l9 5 9-5V8Zm-9 2.7L6.2 7.6 12 4.9l5.8 2.7-5.8 3.1ZM5 9.3l6 3.3v6.2l-6-3.3V9.3Zm8 9.5v-6.2l6-3.3v6.2l-6 3.3Z',
  tickets: 'M4 4h16a1 1 0 0 1 1 1v4a2 2 0 0 0 0 4v4a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-4a2 2 0 0 0 0-4V5a1 1 0 0 1 1-1Zm1 2v1.5a4 4 0 0 1 0 7V17h14v-2.5a4 4 0 0 1 0-7V6H5Zm4 3h6v2H9V9Zm0 4h6v2H9v-2Z',
  roster: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm1 3v4.6l3.2 3.2-1.4 1.4L11 12.4V7h2Z',
  approvals: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2Z',
  me: 'M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0-2a3 3 0 1 1 0-6 3 3 0 0 1 0 6Zm-9 11c0-4 4-6 9-6s9 2 9 6v1h-2v-1c0-2.3-2.9-4-7-4s-7 1.7-7 4v1H3v-1Z',
  scan: 'M3 3h6v2H5v4H3V3Zm12 0h6v6h-2V5h-4V3ZM3 15h2v4h4v2H3v-6Zm16 0h2v6h-6v-2h4v-4ZM7 8h2v8H7V8Zm3 0h1v8h-1V8Zm2 0h2v8h-2V8Zm3 0h2v8h-2V8Z',
  sync: 'M12 4V1L8 5l4 4V6a6 6 0 0 1 5.7 7.9l1.5 1.5A8 8 0 0 0 12 4Zm0 14a6 6 0 0 1-5.7-7.9L4.8 8.6A8 8 0 0 0 12 20v3l4-4-4-4v3Z',
  offline: 'M2.3 3.7 3.7 2.3l18 18-1.4 1.4-3.5-3.5a7 7 0 0 1-1.8.8L12 22l-3-3a7 7 0 0 1-5.9-8.5L2.3 3.7Zm3 3L4.7 11A5 5 0 0 0 9 17h.2L12 19.8l2.1-2.1.1-.1-9-9Zm4.2-2.6A7 7 0 0 1 20.9 10 5 5 0 0 1 21 18l-1.5-1.5A3 3 0 0 0 19 12h-1.7l-.2-1.4a5 5 0 0 0-6-4.9L9.5 4.1Z',
};

export type IconName = keyof typeof paths;

export function Icon({ name, size = 24 }: { name: IconName; size?: number }): JSX.Element {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path fill="currentColor" d={paths[name]} />
    </svg>
  );
}
