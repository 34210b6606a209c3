// The page's Content Security Policy, apart from window.ts so code that runs without Electron
// (the renderer test harness) sends the very same header.
/** Same policy as the meta tag in renderer/index.html; also sent as a header for http(s) loads. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style through the CSSOM, which CSP does not govern; 'unsafe-inline' is for the
  // <style> tags Vite's dev server injects. Scripts stay 'self' only.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
