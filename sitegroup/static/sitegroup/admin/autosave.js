/*
 * Once the editor submits a page form (保存草稿, 提交…), the admin's autosave of that form stops: an
 * autosave still waiting to go out carries older text than the submission, and on the create view it
 * would reach the server beside it (the server also refuses it: sitegroup/admin_autosave.py).
 */
(() => {
  const waiting = new WeakMap();

  // Wagtail's autosave announces each save before it goes out, and skips it if the announcement was
  // cancelled by the time it is sent.
  document.addEventListener('w-autosave:save', (event) => {
    waiting.set(event.target, event);
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches('form[data-edit-form][data-controller~="w-autosave"]')) {
      return;
    }
    form.setAttribute('data-w-autosave-active-value', 'false');
    const save = waiting.get(form);
    if (save) {
      save.preventDefault();
    }
  });
})();
