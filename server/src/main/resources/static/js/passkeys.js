// Passkeys (WebAuthn) for the login, second-factor and "My passkeys" pages. The server side is Spring Security's:
// it answers options as WebAuthn JSON (binary fields base64url), and takes the authenticator's answer the same way.
(() => {
  "use strict";

  const b64url = {
    encode(buffer) {
      let s = "";
      for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
      return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    },
    decode(text) {
      const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
      const bytes = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
      return bytes.buffer;
    },
  };

  // The CSRF token travels on the element that starts the ceremony (data-csrf-header, data-csrf).
  async function post(element, url, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    headers[element.dataset.csrfHeader] = element.dataset.csrf;
    const response = await fetch(url, {
      method: "POST", headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try { json = await response.json(); } catch (ignored) { /* no body */ }
    if (!response.ok) {
      const error = new Error((json && json.detail) || "HTTP " + response.status);
      error.fromServer = Boolean(json && json.detail);
      throw error;
    }
    return json;
  }

  // The application's root (data-base="@{/}" on the element): PlateGuard may run under a context path.
  function base(element) {
    return (element.dataset.base || "/").replace(/\/$/, "");
  }

  async function signIn(button) {
    const options = await post(button, base(button) + "/webauthn/authenticate/options");
    const credential = await navigator.credentials.get({
      publicKey: {
        ...options,
        challenge: b64url.decode(options.challenge),
        allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) })),
      },
    });
    const r = credential.response;
    const answer = await post(button, base(button) + "/login/webauthn", {
      id: credential.id,
      rawId: b64url.encode(credential.rawId),
      type: credential.type,
      response: {
        authenticatorData: b64url.encode(r.authenticatorData),
        clientDataJSON: b64url.encode(r.clientDataJSON),
        signature: b64url.encode(r.signature),
        userHandle: r.userHandle ? b64url.encode(r.userHandle) : undefined,
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment,
    });
    window.location.assign(answer.redirectUrl || base(button) + "/");
  }

  async function register(form, label) {
    const options = await post(form, base(form) + "/webauthn/register/options");
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        user: { ...options.user, id: b64url.decode(options.user.id) },
        challenge: b64url.decode(options.challenge),
        excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) })),
      },
    });
    const r = credential.response;
    await post(form, base(form) + "/webauthn/register", {
      publicKey: {
        label,
        credential: {
          id: credential.id,
          rawId: b64url.encode(credential.rawId),
          type: credential.type,
          response: {
            attestationObject: b64url.encode(r.attestationObject),
            clientDataJSON: b64url.encode(r.clientDataJSON),
            transports: r.getTransports ? r.getTransports() : [],
          },
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment,
        },
      },
    });
  }

  // Shows why a ceremony failed: the server's own words, or the page's text for a browser that refused or was
  // cancelled (data-error on the element).
  function fail(element, error) {
    const box = document.getElementById("passkey-error");
    if (!box) return;
    box.textContent = error && error.fromServer ? error.message : element.dataset.error;
    box.hidden = false;
  }

  function supported() {
    return Boolean(window.PublicKeyCredential && navigator.credentials);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("passkey-sign-in");
    if (button) {
      if (!supported()) {
        button.hidden = true;
      }
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          await signIn(button);
        } catch (error) {
          fail(button, error);
          button.disabled = false;
        }
      });
    }
    const form = document.getElementById("passkey-add");
    if (form) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const submit = form.querySelector("button[type=submit]");
        submit.disabled = true;
        try {
          await register(form, form.querySelector("input[name=label]").value.trim());
          window.location.assign(base(form) + "/me/passkeys?added");
        } catch (error) {
          fail(form, error);
          submit.disabled = false;
        }
      });
    }
  });
})();
