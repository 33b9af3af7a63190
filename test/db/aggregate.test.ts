import mongoose, { type Connection } from 'mongoose';
import { MongoClient, type Document } from 'mongodb';
import { startTarget, type DbTarget } from './target';

const DB = 'conformance_aggregate';

describe('embedded engine: aggregation', () => {
  let target: DbTarget;
  let client: MongoClient;
  let conn: Connection;
  const agg = (coll: string, pipeline: Document[], batchSize?: number): Promise<Document[]> =>
    client.db(DB).collection(coll).aggregate(pipeline, batchSize ? { batchSize } : {}).toArray();

  beforeAll(async () => {
    target = await startTarget();
    client = await MongoClient.connect(target.uriFor(DB));
    await client.db(DB).dropDatabase();
    conn = await mongoose.createConnection(target.uriFor(DB)).asPromise();
    await client.db(DB).collection('orders').insertMany([
      { _id: 1 as never, customer: 'c1', items: ['rice', 'oil'], total: 50, status: 'paid' },
      { _id: 2 as never, customer: 'c2', items: ['rice'], total: 20, status: 'paid' },
      { _id: 3 as never, customer: 'c1', items: ['sugar'], total: 30, status: 'open' },
      { _id: 4 as never, customer: 'c3', items: [], total: 5, status: 'open' },
    ]);
    await client.db(DB).collection('customers').insertMany([
      { _id: 'c1' as never, name: 'Ani', region: 'west' },
      { _id: 'c2' as never, name: 'Budi', region: 'east' },
      { _id: 'c3' as never, name: 'Citra', region: 'west' },
    ]);
  });

  afterAll(async () => {
    await conn?.close();
    await client?.close();
    await target?.stop();
  });

  it('when $match, $group and $sort are combined, then totals per key come back ordered', async () => {
    const res = await agg('orders', [
      { $match: { status: { $in: ['paid', 'open'] } } },
      { $group: { _id: '$customer', sum: { $sum: '$total' }, n: { $sum: 1 } } },
      { $sort: { sum: -1 } },
    ]);
    expect(res).toEqual([
      { _id: 'c1', sum: 80, n: 2 },
      { _id: 'c2', sum: 20, n: 1 },
      { _id: 'c3', sum: 5, n: 1 },
    ]);
  });

  it('when $project, $addFields, $set, $skip and $limit run, then documents are reshaped and sliced', async () => {
    const res = await agg('orders', [
      { $sort: { _id: 1 } },
      { $addFields: { doubled: { $multiply: ['$total', 2] } } },
      { $set: { big: { $gte: ['$total', 30] } } },
      { $project: { _id: 1, doubled: 1, big: 1 } },
      { $skip: 1 },
      { $limit: 2 },
    ]);
    expect(res).toEqual([
      { _id: 2, doubled: 40, big: false },
      { _id: 3, doubled: 60, big: true },
    ]);
  });

  it('when $unwind and $count run, then array elements are counted', async () => {
    expect(await agg('orders', [{ $unwind: '$items' }, { $count: 'lines' }])).toEqual([{ lines: 4 }]);
    const perItem = await agg('orders', [{ $unwind: '$items' }, { $group: { _id: '$items', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
    expect(perItem).toEqual([
      { _id: 'oil', n: 1 },
      { _id: 'rice', n: 2 },
      { _id: 'sugar', n: 1 },
    ]);
  });

  it('when $lookup joins another collection, then matching documents are embedded', async () => {
    const res = await agg('orders', [
      { $match: { _id: 1 } },
      { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
      { $project: { name: { $arrayElemAt: ['$who.name', 0] } } },
    ]);
    expect(res).toEqual([{ _id: 1, name: 'Ani' }]);
    const piped = await agg('customers', [
      { $match: { region: 'west' } },
      { $lookup: { from: 'orders', let: { c: '$_id' }, pipeline: [{ $match: { $expr: { $eq: ['$customer', '$$c'] } } }], as: 'orders' } },
      { $project: { n: { $size: '$orders' } } },
      { $sort: { _id: 1 } },
    ]);
    expect(piped).toEqual([
      { _id: 'c1', n: 2 },
      { _id: 'c3', n: 1 },
    ]);
  });

  it('when $facet runs, then every sub-pipeline result is returned in one document', async () => {
    const [res] = await agg('orders', [
      {
        $facet: {
          byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          top: [{ $sort: { total: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
        },
      },
    ]);
    expect(res).toEqual({
      byStatus: [
        { _id: 'open', n: 2 },
        { _id: 'paid', n: 2 },
      ],
      top: [{ _id: 1 }],
    });
  });

  it('when an aggregation returns more than one batch, then the cursor pages through getMore', async () => {
    await client.db(DB).collection('nums').insertMany(Array.from({ length: 120 }, (_, i) => ({ i })));
    const res = await agg('nums', [{ $sort: { i: -1 } }, { $project: { _id: 0, i: 1 } }], 25);
    expect(res).toHaveLength(120);
    expect(res[0]).toEqual({ i: 119 });
    expect(res[119]).toEqual({ i: 0 });
  });

  it('when mongoose aggregate and countDocuments are used, then they agree with the data', async () => {
    const Order = conn.model('Order', new mongoose.Schema({ customer: String, total: Number, status: String }), 'orders');
    expect(await Order.countDocuments({ status: 'paid' })).toBe(2);
    const [row] = await Order.aggregate<{ _id: null; avg: number }>([{ $group: { _id: null, avg: { $avg: '$total' } } }]);
    expect(row.avg).toBeCloseTo(26.25);
  });

  it('when an unknown stage is used, then the command fails instead of the server', async () => {
    const err = await agg('orders', [{ $noSuchStage: {} }]).catch((e: { code?: number }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((await agg('orders', [{ $count: 'n' }]))[0].n).toBe(4);
  });
});
