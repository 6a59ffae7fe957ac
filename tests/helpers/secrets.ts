// The secrets the test server is configured with: shared secret and HMAC app secret both on.
export const TEST_SECRETS = {
  WHATSAPP_WEBHOOK_SECRET: 'test-webhook-secret-0123456789',
  WHATSAPP_APP_SECRET: 'test-app-secret-abcdef',
  WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
  WEBHOOK_MAX_BODY_BYTES: String(256 * 1024),
  NEXTAUTH_SECRET: 'test-nextauth-secret-0123456789abcdef',
};
