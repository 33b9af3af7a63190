/**
 * Complaints: tickets with the response deadline, the SLA monitor, the officers' API.
 * PLACEHOLDER until the complaints issue lands.
 */
import type { FeatureModule, ModuleDeps } from '../module';
import type { ComplaintService } from '../conversation/services';

export interface ComplaintsModule extends FeatureModule {
  service: ComplaintService;
}

export function createComplaintsModule(deps: ModuleDeps): ComplaintsModule {
  return {
    routers: [],
    jobs: [],
    service: {
      file: async ({ now }) => ({ number: 'ADU-TMP-0000-0000', ...deps.calendar.responseDeadline(now, deps.profile.complaints.responseDays.value) }),
      statusText: async () => null,
      listOwn: async () => [],
    },
  };
}
