/** The settings of a production start (test/unit/env.test.ts checks each is required). */
export const productionEnv = {
  DEMO: 'false',
  SECRET: 'q8Vf2LmZ0rT6yXw1bN4cJ7hK9sD3gP5a',
  DATA_KEY: 'k3mL8vQ2xR5tY9wB1nC4fH7jD0sG6aP2eU8iO3zX5yA=',
  SMS_SENDER: 'aliyun',
  SMS_ACCESS_KEY_ID: 'id',
  SMS_ACCESS_KEY_SECRET: 'secret',
  SMS_SIGN_NAME: '学籍通',
  SMS_TEMPLATE_SIGN_IN: 'SMS_1',
}
