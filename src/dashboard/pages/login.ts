import { e } from './format.js';
import { layout } from './layout.js';

/** Asked when a read token is configured: the token goes into an HttpOnly cookie. */
export function loginPage(next: string, failed: boolean): string {
  return layout({
    title: 'Sign in',
    body: `<h1>Dashboard token</h1>${failed ? '<p class="notice error" role="alert">That token is not valid.</p>' : ''}
<form method="post" action="/login" class="card"><input type="hidden" name="next" value="${e(next)}">
<input type="password" name="token" aria-label="token" placeholder="token" required> <button class="deny" type="submit">Open</button></form>`,
  });
}
