import { find } from '../shared/dom.js';

/**
 * The create-room form says what is wrong next to the field before anything is sent, in
 * the server's own words (src/collab/schemas.ts): an empty name, a capacity out of range.
 * The server checks again; without JavaScript its answer shows the same messages.
 */
export function checkCreateForm(): void {
  const form = document.querySelector<HTMLFormElement>('.create-room form');
  if (!form) return;
  const name = find<HTMLInputElement>(form, 'input[name=name]');
  const capacity = find<HTMLInputElement>(form, 'input[name=capacity]');
  const problems = (): [HTMLInputElement, string][] => {
    const found: [HTMLInputElement, string][] = [];
    if (name && name.value.trim() === '') found.push([name, '방 이름을 입력해 주세요.']);
    if (capacity) {
      const [min, max, value] = [Number(capacity.min), Number(capacity.max), Number(capacity.value)];
      if (!Number.isInteger(value) || value < min || value > max) found.push([capacity, `정원은 ${min}명에서 ${max}명 사이의 정수로 입력해 주세요.`]);
    }
    return found;
  };

  form.addEventListener('submit', (event) => {
    for (const shown of form.querySelectorAll('.field-error')) shown.remove();
    const found = problems();
    if (found.length === 0) return;
    event.preventDefault();
    for (const [field, message] of found) showError(field, message);
    found[0]?.[0].focus();
  });
  form.addEventListener('input', (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    event.target.removeAttribute('aria-invalid');
    document.getElementById(`${event.target.name}-error`)?.remove();
  });
}

function showError(field: HTMLInputElement, message: string): void {
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = `${field.name}-error`;
  error.setAttribute('role', 'alert');
  error.textContent = message;
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', error.id);
  (field.closest('label') ?? field).after(error);
}
