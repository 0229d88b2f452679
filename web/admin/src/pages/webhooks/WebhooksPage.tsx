import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { data, Refusal } from '../../api/call'
import { idOf } from '../../api/names'
import type { components } from '../../api/schema'
import { Field } from '../Field'
import { RefusalNote } from '../RefusalNote'

type Webhook = components['schemas']['mentoring.integration.v1.Webhook']
const key = ['integration', 'webhooks']
const when = (iso?: string) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '')

/**
 * The organisation's webhooks: partner events POSTed, signed, to an endpoint of theirs. Register
 * one (its secret shows once), rotate the secret, delete it, and follow each delivery — delivered,
 * retrying or dead-lettered — and send one again.
 */
export function WebhooksPage() {
  const queryClient = useQueryClient()
  const [url, setUrl] = useState('')
  const [types, setTypes] = useState('')
  const [secret, setSecret] = useState<{ webhook: string; secret: string }>()
  const [refused, setRefused] = useState<Refusal>()
  const webhooks = useQuery({ queryKey: key, queryFn: () => data(api.GET('/integration/v1/webhooks')).then((r) => r.webhooks ?? []) })
  const refresh = () => queryClient.invalidateQueries({ queryKey: key })
  const create = useMutation({
    mutationFn: () =>
      data(api.POST('/integration/v1/webhooks', {
        body: { url, eventTypes: types.split(',').map((t) => t.trim()).filter(Boolean) },
      }), 'webhook'),
    onMutate: () => { setRefused(undefined); setSecret(undefined) },
    onSuccess: (w) => { setSecret({ webhook: w.url, secret: w.secret ?? '' }); setUrl(''); setTypes(''); return refresh() },
    onError: (e: Refusal) => setRefused(e),
  })
  const rotate = useMutation({
    mutationFn: (w: Webhook) => data(api.POST('/integration/v1/webhooks/{webhookId}:rotateSecret', { params: { path: { webhookId: idOf(w.name) } }, body: {} })),
    onMutate: () => { setRefused(undefined); setSecret(undefined) },
    onSuccess: (w) => setSecret({ webhook: w.url, secret: w.secret ?? '' }),
    onError: (e: Refusal) => setRefused(e),
  })
  const remove = useMutation({
    mutationFn: (w: Webhook) => data(api.DELETE('/integration/v1/webhooks/{webhookId}', { params: { path: { webhookId: idOf(w.name) } } })),
    onMutate: () => { setRefused(undefined); setSecret(undefined) },
    onSuccess: refresh,
    onError: (e: Refusal) => setRefused(e),
  })
  const fields = refused?.fields ?? {}
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }

  return (
    <>
      <h1>Webhooks</h1>
      <p>Partner events are POSTed to each endpoint, signed as the Standard Webhooks specification says.
        An event that cannot be delivered is retried, then kept as a dead letter to send again.</p>
      <div role="status">
        {secret && (
          <div className="card">
            <label htmlFor="webhook-secret">Signing secret of {secret.webhook} (shown only now)</label>
            <input id="webhook-secret" readOnly value={secret.secret} size={60} onFocus={(e) => e.target.select()} />
          </div>
        )}
        <RefusalNote refused={refused} shown={['url', 'eventTypes']} />
      </div>
      {webhooks.isError && <p role="alert">Could not load the webhooks: {webhooks.error.message}</p>}
      {webhooks.data?.length === 0 && <p>No webhooks yet.</p>}
      {webhooks.data?.map((w) => (
        <article key={w.name} className="card" aria-label={`Webhook ${w.url}`}>
          <h2>{w.url}</h2>
          <p className="muted">Since {when(w.createTime)} · {(w.eventTypes ?? []).length ? (w.eventTypes ?? []).join(', ') : 'every partner event'}</p>
          <div className="actions">
            <button type="button" disabled={rotate.isPending} onClick={() => rotate.mutate(w)}>Rotate secret</button>
            <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(w)}>Delete</button>
          </div>
          <Deliveries webhook={w} />
        </article>
      ))}

      <form onSubmit={submit} aria-labelledby="new-webhook-heading" noValidate>
        <h2 id="new-webhook-heading">Register a webhook</h2>
        <Field id="webhook-url" label="Endpoint" hint="https" error={fields.url}>
          {(props) => <input {...props} value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
        <Field id="webhook-eventTypes" label="Event types (optional)" hint="Separated by commas, e.g. mentoring.events.v1.MeetingScheduled; empty: every partner event" error={fields.eventTypes}>
          {(props) => <input {...props} value={types} onChange={(e) => setTypes(e.target.value)} />}
        </Field>
        <button type="submit" disabled={create.isPending}>Register webhook</button>
      </form>
    </>
  )
}

const stateLabel: Record<string, string> = {
  DELIVERY_STATE_PENDING: 'pending', DELIVERY_STATE_DELIVERED: 'delivered',
  DELIVERY_STATE_RETRYING: 'retrying', DELIVERY_STATE_DEAD_LETTERED: 'dead letter',
}

function Deliveries({ webhook }: { webhook: Webhook }) {
  const queryClient = useQueryClient()
  const webhookId = idOf(webhook.name)
  const deliveriesKey = ['integration', 'deliveries', webhookId]
  const [refused, setRefused] = useState<Refusal>()
  const deliveries = useQuery({
    queryKey: deliveriesKey,
    queryFn: () => data(api.GET('/integration/v1/webhooks/{webhookId}/deliveries', { params: { path: { webhookId }, query: { pageSize: 50 } } })).then((r) => r.deliveries ?? []),
    refetchInterval: 10_000,
  })
  const replay = useMutation({
    mutationFn: (delivery: string) =>
      data(api.POST('/integration/v1/webhooks/{webhookId}/deliveries/{deliveryId}:replay', { params: { path: { webhookId, deliveryId: idOf(delivery) } }, body: {} })),
    onMutate: () => setRefused(undefined),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesKey }),
    onError: (e: Refusal) => setRefused(e),
  })
  return (
    <>
      <h3>Deliveries</h3>
      {deliveries.isError && <p role="alert">Could not load the deliveries: {deliveries.error.message}</p>}
      {deliveries.data?.length === 0 && <p className="muted">Nothing sent yet.</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Deliveries to {webhook.url}</caption>
          <thead><tr><th scope="col">Event</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Next attempt</th><th scope="col"><span className="visually-hidden">Action</span></th></tr></thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.name}>
                <td>{d.eventType}</td>
                <td>{stateLabel[d.state ?? ''] ?? d.state}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError || '—'}</td>
                <td>{d.state === 'DELIVERY_STATE_RETRYING' ? when(d.nextAttemptTime) : '—'}</td>
                <td><button type="button" disabled={replay.isPending} onClick={() => replay.mutate(d.name!)}
                  aria-label={`Send again: ${d.eventType}`}>Send again</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div role="status"><RefusalNote refused={refused} shown={[]} /></div>
    </>
  )
}
