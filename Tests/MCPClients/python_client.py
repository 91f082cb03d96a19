"""A second, independent MCP client for OKIK's tests: the official Python SDK (PyPI `mcp`).

    python_client.py stdio OKIKCTL [ARGS...]    start `OKIKCTL mcp ARGS` and talk to it over stdio
    python_client.py http URL TOKEN             talk to okik-server's /mcp over streamable HTTP

It initializes, lists the tools, calls an observe tool, makes a write (which OKIK's gate queues at L1), makes a
write into kube-system (refused), reads the pending plans and lists the prompts, then prints one JSON object with
what it saw. PythonMCPClientTests (Swift, Tests/OkikctlTests) runs it when a Python with the `mcp` package is there and checks that JSON.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def texts(result):
    return "\n".join(getattr(item, "text", "") for item in result.content)


async def exercise(session):
    initialized = await session.initialize()
    seen = {"server": initialized.server_info.name, "protocol": initialized.protocol_version}
    tools = await session.list_tools()
    seen["tools"] = sorted(tool.name for tool in tools.tools)
    pods = await session.call_tool("get_pods", {"namespace": "okik-crashloop"})
    seen["get_pods"] = {"isError": bool(pods.is_error), "text": texts(pods)}
    scale = await session.call_tool(
        "scale_deployment", {"namespace": "okik-crashloop", "name": "payments-api", "replicas": 3})
    seen["scale"] = {"isError": bool(scale.is_error), "text": texts(scale), "structured": scale.structured_content}
    protected = await session.call_tool("scale_deployment", {"namespace": "kube-system", "name": "coredns", "replicas": 3})
    seen["protected"] = {"isError": bool(protected.is_error), "text": texts(protected)}
    pending = await session.read_resource("okik://plans/pending")
    seen["pending"] = "\n".join(getattr(item, "text", "") or "" for item in pending.contents)
    prompts = await session.list_prompts()
    seen["prompts"] = sorted(prompt.name for prompt in prompts.prompts)
    return seen


async def over_stdio(okikctl, arguments):
    parameters = StdioServerParameters(command=okikctl, args=["mcp", *arguments])
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            return await exercise(session)


async def over_http(url, token):
    from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client

    async with create_mcp_http_client(headers={"X-Okik-Token": token}) as http:
        async with streamable_http_client(url, http_client=http) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                return await exercise(session)


def main():
    mode = sys.argv[1]
    if mode == "stdio":
        seen = asyncio.run(over_stdio(sys.argv[2], sys.argv[3:]))
    else:
        seen = asyncio.run(over_http(sys.argv[2], sys.argv[3]))
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
