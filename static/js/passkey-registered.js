// Once django-otp-webauthn's script says the new passkey is saved, go back to the two-factor
// page, which lists it and says so.
"use strict";
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.assign(document.getElementById("passkey-register").dataset.doneUrl);
});
