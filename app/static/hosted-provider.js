// The page an identity provider's sign-in comes back to (app/templates/hosted/
// provider_return.html): the one-time code arrives in the fragment, which never reaches a
// server, so this posts it with the page's form; an #error= is shown instead.
document.addEventListener("DOMContentLoaded", () => {
  const answer = new URLSearchParams(window.location.hash.slice(1));
  const form = document.getElementById("provider-code");
  history.replaceState(null, "", window.location.pathname); // the code leaves the address bar
  if (answer.get("code")) {
    form.elements.code.value = answer.get("code");
    form.submit();
  } else {
    const shown = document.getElementById("provider-error");
    shown.textContent = `The provider did not sign you in (${answer.get("error") || "no code"}).`;
    shown.hidden = false;
  }
});
