import { signIn } from '../auth';
import { onLang, t } from '../i18n/i18n';
import { h, setChildren } from '../labels';
import type { Shell } from '../shell';

/** 登录: the console's sign-in (when the deployment requires it); the view opens once signed in. */
export function signInView(shell: Shell): void {
  const username = h('input', { id: 'username', type: 'text', autocomplete: 'username', maxLength: 40 });
  const password = h('input', { id: 'password', type: 'password', autocomplete: 'current-password', maxLength: 200 });
  const submit = h('button', { id: 'sign-in', className: 'primary', type: 'submit' });
  const message = h('div', { className: 'error-text', id: 'sign-in-error' });
  const form = h('form', { className: 'sign-in section' });
  form.onsubmit = (e) => {
    e.preventDefault();
    submit.disabled = true;
    signIn(username.value.trim(), password.value).then(
      () => location.reload(),
      (err: Error) => {
        message.textContent = err.message;
        submit.disabled = false;
        password.value = '';
      },
    );
  };
  onLang(() => {
    username.placeholder = t('username');
    password.placeholder = t('password');
    submit.textContent = t('signIn');
    setChildren(form, h('h2', {}, t('signIn')), username, password, submit, message);
  });
  setChildren(shell.panel, form);
  document.body.dataset.signIn = 'required';
}
