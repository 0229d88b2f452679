// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { act, cleanup, renderHook } from '@testing-library/react'
import { useDraft } from './useDraft'

afterEach(() => { cleanup(); sessionStorage.clear() })

describe('useDraft', () => {
  it('keeps what is typed in the tab, so a reload (a new sign-in) gets it back, until it is cleared', () => {
    const first = renderHook(() => useDraft('form', () => ({ name: '' })))
    expect(first.result.current.dirty).toBe(false)
    act(() => first.result.current.update({ name: 'Ada' }))
    first.unmount()

    const again = renderHook(() => useDraft('form', () => ({ name: '' })))
    expect(again.result.current.value).toEqual({ name: 'Ada' })
    expect(again.result.current.dirty).toBe(true)
    act(() => again.result.current.clear({ name: '' }))
    again.unmount()

    const after = renderHook(() => useDraft('form', () => ({ name: 'initial' })))
    expect(after.result.current.value).toEqual({ name: 'initial' })
    expect(sessionStorage.getItem('draft:form')).toBeNull()
  })

  it('starts afresh from a draft it cannot read', () => {
    sessionStorage.setItem('draft:broken', '{not json')
    const { result } = renderHook(() => useDraft('broken', () => ({ n: 1 })))
    expect(result.current.value).toEqual({ n: 1 })
  })
})
