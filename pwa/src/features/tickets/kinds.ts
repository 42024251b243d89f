// The ticket feature's outbox changes, registered with the outbox at start-up. Their sender
// loads with the first ticket change sent (lazy import), not with the first screen.
import { registerChangeKind } from '../../outbox/registry';
import { describeTicketChange, type TicketChange } from './changes';

export const isTicketChange = registerChangeKind<TicketChange>({
  feature: 'tickets',
  types: {
    createTicketFromOrder: true,
    createTicket: true,
    addTicketComment: true,
    changeTicketState: true,
    resolveTicket: true,
    closeTicket: true,
    escalateTicket: true,
    handOverTickets: true,
    assignTicket: true,
    restateTicket: true,
    confirmTicketRestatement: true,
    proposeClaim: true,
    decideClaim: true,
    payClaim: true,
    reviewOverShortGoods: true,
    reportOverShortGoods: true,
    addTicketCause: true,
    retireTicketCause: true,
  },
  send: async (item) => (await import('./send')).sendTicketChange(item),
  describe: (change) => describeTicketChange(change),
});
