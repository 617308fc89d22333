/** Logs a lost idle connection at most once a minute: an outage drops every idle connection at once. */
export function idleConnectionLost(logError: (message: string, error: unknown) => void): (error: Error) => void {
  let lastLogged = 0
  return (error) => {
    if (Date.now() - lastLogged < 60_000) return
    lastLogged = Date.now()
    logError('callhook: lost an idle PostgreSQL connection (replaced on next use; queries fail until the server answers again)', error)
  }
}
