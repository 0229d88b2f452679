// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import { Field } from './Field'

afterEach(cleanup)

describe('Field', () => {
  it('announces the server’s violation with the control and puts it right after it', () => {
    render(<Field id="email" label="E-mail" error="is required" hint="work address">{(p) => <input {...p} />}</Field>)
    const input = screen.getByLabelText('E-mail')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toBe('email-error email-hint')
    expect(input.nextElementSibling?.id).toBe('email-error')
    expect(document.getElementById('email-error')?.textContent).toBe('is required')
  })

  it('is valid and described by its hint alone without a violation', () => {
    render(<Field id="name" label="Name" hint="as addressed">{(p) => <input {...p} />}</Field>)
    const input = screen.getByLabelText('Name')
    expect(input.getAttribute('aria-invalid')).toBe('false')
    expect(input.getAttribute('aria-describedby')).toBe('name-hint')
    expect(document.getElementById('name-error')).toBeNull()
  })
})
