// The passkey button of the hosted sign-in page (app/templates/hosted/signin.html): shown only
// where the browser has passkeys; asks the API for options, lets the browser answer, and posts
// the answer to /signin/passkey as a form would, so the sign-in ends like the password's.
// A file of this server: the page's Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("passkey");
  const supported = window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON;
  if (!button || !supported) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const response = await fetch(button.dataset.options, { method: "POST" });
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(await response.json());
    let answer;
    try {
      answer = await navigator.credentials.get({ publicKey: options });
    } catch {
      return; // cancelled, or no passkey here: the password form is still there
    }
    const form = document.createElement("form");
    form.method = "post";
    form.action = button.dataset.action;
    const fields = { csrf_token: button.dataset.csrf, credential: JSON.stringify(answer.toJSON()) };
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  });
});
