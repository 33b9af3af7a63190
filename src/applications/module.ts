/**
 * Applications: records, the eligibility-result check in the conversation, the staff API,
 * CSV import/export and status notifications.
 * PLACEHOLDER until the applications issue lands: the check answers neutrally.
 */
import type { FeatureModule, ModuleDeps } from '../module';
import type { ApplicationService, NotificationPreferences } from '../conversation/services';

export interface ApplicationsModule extends FeatureModule {
  service: ApplicationService;
  notifications: NotificationPreferences;
}

export function createApplicationsModule(_deps: ModuleDeps): ApplicationsModule {
  return {
    routers: [],
    jobs: [],
    service: {
      check: async () => ({ kind: 'neutral' }),
      upcomingVisitText: async () => null,
    },
    notifications: { setOptOut: async () => undefined },
  };
}
