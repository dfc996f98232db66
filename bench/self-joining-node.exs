# The benchmark's "by hand" node: test/fixtures/erlang-node.exs, plus what a start script that
# joins the cluster does, retrying every 10 ms until it sees every peer named in PEERS.
peers = System.get_env("PEERS", "") |> String.split(",", trim: true) |> Enum.map(&String.to_atom/1)

spawn(fn ->
  Stream.repeatedly(fn ->
    Enum.each(peers, &Node.connect/1)
    Process.sleep(10)
    length(Node.list())
  end)
  |> Enum.find(&(&1 >= length(peers)))
end)

Code.require_file("../test/fixtures/erlang-node.exs", __DIR__)
