declare global {
  interface Window {
    clusterDesk?: { version: string }
  }
}

export {}
