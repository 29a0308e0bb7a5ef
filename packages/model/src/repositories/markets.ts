/** Markets table (region): the daemon's last market snapshot per region, read by plan previews. */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MarketSnapshotSchema, type MarketSnapshot } from '../schemas/market';
import { parseOrThrow, parseStored, scanAll } from './dynamo';

export interface MarketRepository {
  /** Replaces the region's snapshot. */
  put(snapshot: MarketSnapshot): Promise<void>;
  /** Every region's snapshot, sorted by region. */
  list(): Promise<MarketSnapshot[]>;
}

export interface DynamoMarketRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class DynamoMarketRepository implements MarketRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoMarketRepositoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async put(snapshot: MarketSnapshot): Promise<void> {
    const valid = parseOrThrow(MarketSnapshotSchema, snapshot, 'market snapshot');
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: valid }));
  }

  async list(): Promise<MarketSnapshot[]> {
    const items = await scanAll(this.client, this.tableName);
    return items
      .map((item) => parseStored(MarketSnapshotSchema, item, 'stored market snapshot'))
      .sort((a, b) => a.region.localeCompare(b.region));
  }
}
