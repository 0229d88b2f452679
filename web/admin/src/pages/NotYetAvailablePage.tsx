export function NotYetAvailablePage({ title }: { title: string }) {
  return (
    <>
      <h1>{title}</h1>
      <p>Not yet available.</p>
    </>
  )
}
