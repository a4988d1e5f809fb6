// The JSON template of a message: variables inserted at the caret, inline validation, and the
// saved payloads (loading one may also set the target it was saved with).
import { useRef } from 'react';
import { TEMPLATE_VARIABLES } from '../../../shared/templates';
import { PayloadMeter } from '../../components/PayloadMeter';
import type { PayloadCheck } from '../../state/payloadCheck';
import type { PublishState, PublishTarget } from './publishStore';
import { SavedPayloads } from './SavedPayloads';

interface TemplateEditorProps {
  ids: string;
  template: string;
  onTemplate: (template: string) => void;
  check: PayloadCheck;
  target: PublishTarget;
  onTarget: (target: PublishTarget) => void;
  saved: Pick<PublishState, 'saved' | 'savedError' | 'savePayload' | 'deletePayload'>;
}

export function TemplateEditor({ ids, template, onTemplate, check, target, onTarget, saved }: TemplateEditorProps) {
  const problem = check.problem;
  const editor = useRef<HTMLTextAreaElement>(null);

  const insert = (variable: string) => {
    const el = editor.current;
    const at = el ? el.selectionStart : template.length;
    const end = el ? el.selectionEnd : template.length;
    onTemplate(template.slice(0, at) + variable + template.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + variable.length, at + variable.length);
    });
  };

  return (
    <>
      <label htmlFor={`${ids}-json`} className="section-title">
        Payload (JSON template)
      </label>
      <div className="toolbar variables">
        {TEMPLATE_VARIABLES.map((v) => (
          <button key={v} type="button" className="small" onClick={() => insert(v)} aria-label={`Insert ${v}`}>
            {v}
          </button>
        ))}
      </div>
      <textarea
        id={`${ids}-json`}
        ref={editor}
        rows={12}
        spellCheck={false}
        value={template}
        onChange={(e) => onTemplate(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${ids}-json-problem`}
      />
      <PayloadMeter id={`${ids}-json-problem`} check={check} valid="Valid JSON. {{uuid}}, {{seq}} and {{now}} are filled in per message." />
      <SavedPayloads
        saved={saved.saved}
        error={saved.savedError}
        onSave={(payloadName) => saved.savePayload({ name: payloadName, template, target: target.name ? target : undefined })}
        onLoad={(p) => {
          onTemplate(p.template);
          if (p.target) onTarget(p.target);
        }}
        onDelete={saved.deletePayload}
      />
    </>
  );
}
