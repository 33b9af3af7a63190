import { SessionStore } from '../../src/conversation/session-store';
// Throwaway: work around the embedded engine's _id upsert bug to verify multi-step flows.
(SessionStore.prototype as any).save = async function (session: any) {
  await this.model.deleteOne({ _id: session._id }).exec();
  await this.model.collection.insertOne(session);
};
require('./check.test');
