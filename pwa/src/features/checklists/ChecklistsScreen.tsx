// The checklist screens, loaded lazily from the shell: /checks (today's self-check, my results
// and actions, my dress code), /notices, /inspect (supervisors: inspection, month view, score
// sheets; managers and admins: the template editor).
import './checklists.css';
import type { StaffSummary } from '../../session/session';
import { ChecksScreen } from './ChecksScreen';
import { InspectScreen } from './InspectScreen';
import { NoticesScreen } from './NoticesScreen';

export function ChecklistsScreen({ path, staff }: { path: string; staff: StaffSummary }) {
  if (path === '/notices') return <NoticesScreen staff={staff} />;
  if (path === '/inspect') return <InspectScreen staff={staff} />;
  return <ChecksScreen staff={staff} />;
}
