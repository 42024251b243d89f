import { linkTo } from '../app/router';

/** "← 返回订单": a link back, followed in the app without reloading. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <a class="back" href={to} onClick={linkTo(to)}>
      ← {label}
    </a>
  );
}
