import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * For a form that refuses on the phone: put the returned ref on the form and call the
 * returned function when a check fails; once the form has rendered the refusal, the first
 * field marked aria-invalid takes the focus, so the phone scrolls to it and opens its
 * keyboard (下单's 下一步, a claim's 提出理赔).
 */
export function useFocusFirstInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  return [ref, () => setRefusals((n) => n + 1)] as const;
}
