// Small progressive enhancements; every page works without them.
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form.submit());
}
for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', () => navigator.clipboard?.writeText(button.dataset.copy));
}
