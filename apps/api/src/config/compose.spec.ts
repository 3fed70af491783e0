import { composeConfig } from '@gan119/testing';
import { loadConfig } from './config';

describe('docker/compose.yml as the API reads it', () => {
  it('gives the API, worker and migrations a production configuration the API accepts, with sign-in required', () => {
    const { services } = composeConfig();
    for (const name of ['api', 'worker', 'migrate']) {
      const c = loadConfig(services[name].environment ?? {});
      expect(c).toMatchObject({ env: 'production', auth: { required: true }, demoTokens: false, demoSimulator: false });
      expect(c.db.statementTimeoutMs).toBeGreaterThan(0);
    }
  });
});
