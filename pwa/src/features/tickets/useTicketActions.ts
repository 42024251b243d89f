// What the caller may do on a ticket comes from the server (`Ticket.actions`, computed by
// the rules the mutations enforce); the screen only maps those actions to its forms.
import type { TicketAction, TicketState } from '../../graphql/schema-types';
import type { TicketsKey } from '../../i18n/tickets';
import type { TicketDetailFragment } from './tickets.generated';

/** The forms of the ticket screen, one button each. */
export type FormAction = 'comment' | 'state' | 'restate' | 'escalate' | 'handover' | 'claim' | 'resolve' | 'close';

const formOf: Partial<Record<TicketAction, FormAction>> = {
  CLOSE: 'close',
  COMMENT: 'comment',
  MOVE_TO_IN_PROGRESS: 'state',
  MOVE_TO_WAITING_CUSTOMER: 'state',
  MOVE_TO_WAITING_OTHER_PARTY: 'state',
  RESTATE: 'restate',
  ESCALATE: 'escalate',
  HAND_OVER: 'handover',
  PROPOSE_CLAIM: 'claim',
  RESOLVE: 'resolve',
};

const moveTo: Partial<Record<TicketAction, TicketState>> = {
  MOVE_TO_IN_PROGRESS: 'IN_PROGRESS',
  MOVE_TO_WAITING_CUSTOMER: 'WAITING_CUSTOMER',
  MOVE_TO_WAITING_OTHER_PARTY: 'WAITING_OTHER_PARTY',
};

export const formLabels: Record<FormAction, TicketsKey> = {
  comment: 'tk.comment',
  state: 'tk.changeState',
  restate: 'tk.restate',
  escalate: 'tk.escalate',
  handover: 'tk.handover',
  claim: 'tk.propose',
  resolve: 'tk.resolve',
  close: 'tk.close',
};

type WithActions = Pick<TicketDetailFragment, 'actions'>;

/** The forms to offer, in the server's order, each once. */
export function formActions(ticket: WithActions): FormAction[] {
  const out: FormAction[] = [];
  for (const a of ticket.actions) {
    const f = formOf[a];
    if (f && !out.includes(f)) out.push(f);
  }
  return out;
}

/** The states the caller may move the ticket to now. */
export function moves(ticket: WithActions): TicketState[] {
  return ticket.actions.flatMap((a) => moveTo[a] ?? []);
}

/** Whether the server lists the action for the caller now. */
export function may(ticket: WithActions, action: TicketAction): boolean {
  return ticket.actions.includes(action);
}
