// Chat panel entry point (browser). Filled in by the chat panel work.
document.body.dataset.ready = 'true';
