#!/usr/bin/env escript
%% -*- erlang -*-
%% Cluster Desk's hidden helper node, one per cluster of Erlang nodes. The engine starts it
%% with ERL_FLAGS="-hidden -name|-sname NAME [-setcookie COOKIE]" (so the cookie is never on
%% a command line) and speaks a line protocol on its stdin and stdout:
%%
%%   ID hello                       ID node HELPER_NODE
%%   ID poll N1 N2 ...              ID node N up otp=25 procs=61 mem=1234 runq=0 uptime=812 sees=A,B
%%                                  ID node N down
%%   ID connect NEW O1 O2 ...       ID connected O true|false      (run on NEW)
%%   ID partition X O1 O2 ...       (on X: a random cookie for each O, then disconnect it)
%%   ID heal X O1 O2 ...            (on X: the cluster's cookie for each O, then connect it)
%%   ID ping N                      ID pong | ID pang
%%
%% and every answer ends with "ID end". Each request is answered in its own process, so a slow
%% poll never holds up a ping. Being hidden, it never appears in any node's nodes(). It exits
%% when its stdin closes: the engine is gone, however it went.
-mode(interpret).

-define(TIMEOUT, 1000).

main(_) ->
    loop().

loop() ->
    case io:get_line(standard_io, "") of
        eof -> halt(0);
        {error, _} -> halt(0);
        Line ->
            case string:lexemes(string:trim(Line), " ") of
                [Id, Verb | Args] -> spawn(fun() -> answer(Id, Verb, Args), say(Id, "end") end);
                _ -> ok
            end,
            loop()
    end.

say(Id, Text) ->
    io:put_chars(standard_io, [Id, " ", Text, "\n"]).

answer(Id, "hello", _) ->
    say(Id, ["node ", atom_to_list(node())]);
answer(Id, "poll", Names) ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {polled, self(), poll(list_to_atom(N))} end) || N <- Names],
    [receive {polled, Pid, Line} -> say(Id, Line) after 3 * ?TIMEOUT -> ok end || Pid <- Pids];
answer(Id, "connect", [New | Others]) ->
    [say(Id, ["connected ", O, " ", atom_to_list(call(New, net_kernel, connect_node, [atom(O)]) =:= true)])
     || O <- Others];
answer(_Id, "partition", [X | Others]) ->
    Secret = list_to_atom("cd_partition_" ++ integer_to_list(rand:uniform(1 bsl 60))),
    [begin
         call(X, erlang, set_cookie, [atom(O), Secret]),
         call(X, erlang, disconnect_node, [atom(O)])
     end || O <- Others];
answer(_Id, "heal", [X | Others]) ->
    Cookie = erlang:get_cookie(),
    [begin
         call(X, erlang, set_cookie, [atom(O), Cookie]),
         call(X, net_kernel, connect_node, [atom(O)])
     end || O <- Others];
answer(Id, "ping", [N]) ->
    say(Id, atom_to_list(net_adm:ping(atom(N))));
answer(Id, Verb, _) ->
    say(Id, ["error unknown request ", Verb]).

atom(Name) -> list_to_atom(Name).

call(Node, M, F, A) -> rpc:call(atom(Node), M, F, A, ?TIMEOUT).

poll(Node) ->
    Name = atom_to_list(Node),
    case rpc:call(Node, erlang, nodes, [], ?TIMEOUT) of
        {badrpc, _} ->
            ["node ", Name, " down"];
        Seen ->
            Otp = figure(rpc:call(Node, erlang, system_info, [otp_release], ?TIMEOUT)),
            Procs = figure(rpc:call(Node, erlang, system_info, [process_count], ?TIMEOUT)),
            Mem = figure(rpc:call(Node, erlang, memory, [total], ?TIMEOUT)),
            RunQ = figure(rpc:call(Node, erlang, statistics, [run_queue], ?TIMEOUT)),
            Up = case rpc:call(Node, erlang, statistics, [wall_clock], ?TIMEOUT) of
                     {Total, _} when is_integer(Total) -> integer_to_list(Total);
                     _ -> "-"
                 end,
            ["node ", Name, " up otp=", Otp, " procs=", Procs, " mem=", Mem, " runq=", RunQ,
             " uptime=", Up, " sees=", lists:join(",", [atom_to_list(S) || S <- Seen])]
    end.

figure(Value) when is_integer(Value) -> integer_to_list(Value);
figure(Value) when is_list(Value) -> Value;
figure(_) -> "-".
