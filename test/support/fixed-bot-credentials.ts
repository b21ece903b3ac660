import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';

/**
 * The bot's outbound credentials as a fixed bearer token, for a bot with a MicrosoftAppId
 * in tests: Entra, where the real credentials fetch their token, cannot be reached
 * offline. The stand-ins (the fake connector, the fake token service) check the token.
 */
export class FixedBotCredentials extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    readonly token: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string): Promise<ServiceClientCredentials> {
    if (appId !== this.appId) throw new Error(`no credentials for app ${appId}`);
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${this.token}`);
        return request;
      },
    };
  }
}
