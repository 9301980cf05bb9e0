// After django-otp-webauthn's script has added a passkey, load the page again, so the list shows
// the new passkey and the message that it is added (the page works, and says so, without this).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.assign(window.location.pathname);
});
