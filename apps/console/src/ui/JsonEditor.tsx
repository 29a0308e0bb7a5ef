import { useEffect, useRef, useState } from 'preact/hooks';
import type { JsonEditorHandle } from './codemirror';

interface Props {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** id of the element that labels the editor. */
  readonly labelledBy: string;
  /** id of the element that describes it (e.g. the error list). */
  readonly describedBy?: string;
}

/** The JSON editor; the text given in `value` replaces the content when it changes from outside. */
export function JsonEditor({ value, onChange, labelledBy, describedBy }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<JsonEditorHandle | undefined>(undefined);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  const [failed, setFailed] = useState<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    import('./codemirror').then(
      ({ createJsonEditor }) => {
        if (cancelled || !host.current) return;
        const attributes: Record<string, string> = { 'aria-labelledby': labelledBy, 'aria-multiline': 'true' };
        if (describedBy) attributes['aria-describedby'] = describedBy;
        editor.current = createJsonEditor(host.current, latest.current.value, attributes, (text) => latest.current.onChange(text));
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, [labelledBy, describedBy]);

  useEffect(() => {
    if (editor.current && editor.current.text() !== value) editor.current.replace(value);
  }, [value]);

  if (failed) return <p class="error">The editor could not be loaded ({failed}); reload the page.</p>;
  return <div class="json-editor" ref={host} />;
}
