// Every feature's outbox change kinds, registered before the first sync (main.tsx imports
// this first): a change saved on the phone, even by an earlier version, finds its sender
// whichever screen is open. Each module is small; the senders stay lazy.
import '../features/today/punch';
import '../features/roster/kinds';
import '../features/orders/kinds';
import '../features/tickets/kinds';
import '../features/checklists/kinds';
