// OkikKit re-exports the typed Kubernetes resources and the client, so `import OkikKit` is enough to read a cluster.
// The agent speaks to models through OkikLLM, which an embedding program imports itself when it makes one.
@_exported import OkikKubeClient
