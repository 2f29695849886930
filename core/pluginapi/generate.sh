#!/usr/bin/env bash
# Regenerates proto/*.pb.go from proto/platform.proto with pinned generator versions, so every
# machine produces byte-identical code. Needs protoc (Debian: protobuf-compiler).
set -euo pipefail
cd "$(dirname "$0")"
GEN_GO=v1.36.12      # google.golang.org/protobuf/cmd/protoc-gen-go (matches go.mod's protobuf)
GEN_GRPC=v1.6.2      # google.golang.org/grpc/cmd/protoc-gen-go-grpc
bin=$(mktemp -d); trap 'rm -rf "$bin"' EXIT
GOBIN=$bin go install "google.golang.org/protobuf/cmd/protoc-gen-go@$GEN_GO"
GOBIN=$bin go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$GEN_GRPC"
PATH=$bin:$PATH protoc -I proto \
  --go_out=proto --go_opt=paths=source_relative \
  --go-grpc_out=proto --go-grpc_opt=paths=source_relative \
  proto/platform.proto
echo "generated: $(ls proto/*.pb.go | tr '\n' ' ')"
