/**
 * The policy of pages that show an email in an iframe with `sandbox=""` and `srcdoc`: the
 * frame inherits the page's Content-Security-Policy, and an email is all inline styles, so
 * such pages allow inline styles and https images, and still no script at all.
 */
export const EMAIL_FRAME_CSP = [
  "default-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
