/**
 * DataLoader with a span per batch (when the request is traced): a drop-in
 * for `dataloader`'s class, so the loaders read as before. A batch runs in the
 * async context of the first load() of its tick, i.e. within the request that
 * asked, so its span is a child of that request's span, and the upstream
 * requests the batch makes are children of the batch.
 */
import BaseDataLoader from 'dataloader';
import { inSpan, scopeTracer } from '../tracing';

export class DataLoader<K, V, C = K> extends BaseDataLoader<K, V, C> {
  constructor(batch: BaseDataLoader.BatchLoadFn<K, V>, options?: BaseDataLoader.Options<K, V, C>) {
    const name = options?.name ?? 'batch';
    super((keys) => {
      const tracer = scopeTracer();
      return tracer ? inSpan(tracer, `dataloader ${name}`, { 'dataloader.name': name, 'dataloader.batch_size': keys.length }, () => Promise.resolve(batch(keys))) : batch(keys);
    }, options);
  }
}
