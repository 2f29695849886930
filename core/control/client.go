package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gstcast/gstcast/core/engine"
	"github.com/gstcast/gstcast/core/pluginapi"
	"github.com/gstcast/gstcast/core/spec"
)

// Client is the Backend of a daemon reached over the control API. It is what the CLI and the
// desktop app use when a daemon or the service runs.
type Client struct {
	ep    Endpoint
	token string
	hc    *http.Client
	base  string
	about About
}

var _ Backend = (*Client)(nil)

// NewClient makes a client for an endpoint (Dial finds one and checks it answers).
func NewClient(e Endpoint, token string) *Client {
	tr := &http.Transport{MaxIdleConns: 4, IdleConnTimeout: 30 * time.Second, DisableCompression: true}
	base := "http://" + e.Address
	if e.Network == "unix" {
		path := e.Address
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
		base = "http://gstcast"
	}
	return &Client{ep: e, token: token, hc: &http.Client{Transport: tr}, base: base}
}

// Endpoint is where the client talks to.
func (c *Client) Endpoint() Endpoint { return c.ep }

// Close drops idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

func (c *Client) request(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case rawText:
		rd, ct = bytes.NewReader([]byte(b)), "application/yaml"
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("gstcast daemon at %s: %w", c.ep, err)
	}
	if resp.StatusCode >= 300 {
		defer resp.Body.Close()
		var w WireError
		b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
		if json.Unmarshal(b, &w) != nil || w.Error == "" {
			w.Error = fmt.Sprintf("gstcast daemon at %s answered %s", c.ep, resp.Status)
		}
		return nil, errorFromWire(resp.StatusCode, w)
	}
	return resp, nil
}

// rawText is a body sent as it is (a YAML config).
type rawText string

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	resp, err := c.request(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("gstcast daemon at %s: bad answer to %s %s: %w", c.ep, method, path, err)
	}
	return nil
}

func (c *Client) About(ctx context.Context) (About, error) {
	var a About
	err := c.do(ctx, http.MethodGet, APIVersion+"/about", nil, &a)
	if err == nil {
		a.Address = c.ep.String()
		if a.Kind == "" || c.ep.Kind == KindSystem {
			a.Kind = c.ep.Kind
		}
	}
	return a, err
}

func (c *Client) List(ctx context.Context) ([]engine.Status, error) {
	var streams, views []engine.Status
	if err := c.do(ctx, http.MethodGet, APIVersion+"/streams", nil, &streams); err != nil {
		return nil, err
	}
	if err := c.do(ctx, http.MethodGet, APIVersion+"/views", nil, &views); err != nil {
		return nil, err
	}
	return append(streams, views...), nil
}

// path is the resource of a piece of work.
func workPath(kind engine.Kind, name string) string {
	if kind == engine.KindView {
		return APIVersion + "/views/" + url.PathEscape(name)
	}
	return APIVersion + "/streams/" + url.PathEscape(name)
}

func (c *Client) Get(ctx context.Context, name string) (engine.Status, error) {
	var st engine.Status
	err := c.do(ctx, http.MethodGet, workPath(engine.KindStream, name), nil, &st)
	if errors.Is(err, pluginapi.ErrNotFound) {
		err = c.do(ctx, http.MethodGet, workPath(engine.KindView, name), nil, &st)
	}
	return st, err
}

func (c *Client) Add(ctx context.Context, w engine.Work) (engine.Status, error) {
	var st engine.Status
	if w.View != nil {
		return st, c.do(ctx, http.MethodPost, APIVersion+"/views", ViewBody{Name: w.Name, Origin: w.Origin, View: w.View}, &st)
	}
	return st, c.do(ctx, http.MethodPost, APIVersion+"/streams", StreamBody{Request: spec.Request{Name: w.Name}, Origin: w.Origin, Stream: w.Stream}, &st)
}

func (c *Client) Replace(ctx context.Context, w engine.Work) (engine.Status, error) {
	if w.Stream == nil {
		return engine.Status{}, fmt.Errorf("only streams can be changed in place; remove the view and add it again: %w", pluginapi.ErrUnsupported)
	}
	// A merge patch that replaces every field the spec has.
	var st engine.Status
	return st, c.do(ctx, http.MethodPatch, workPath(engine.KindStream, w.Name), w.Stream, &st)
}

// kindOf finds whether name is a stream or a view.
func (c *Client) kindOf(ctx context.Context, name string) (engine.Kind, error) {
	st, err := c.Get(ctx, name)
	return st.Kind, err
}

func (c *Client) Remove(ctx context.Context, name string) error {
	k, err := c.kindOf(ctx, name)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, workPath(k, name), nil, nil)
}

func (c *Client) Stop(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPost, workPath(engine.KindStream, name)+"/stop", nil, nil)
}

func (c *Client) Start(ctx context.Context, name string) (engine.Status, error) {
	var st engine.Status
	return st, c.do(ctx, http.MethodPost, workPath(engine.KindStream, name)+"/start", nil, &st)
}

// Watch follows /v1/events. The channel closes when ctx ends or the daemon goes away.
func (c *Client) Watch(ctx context.Context) (<-chan engine.Event, error) {
	return c.WatchHolding(ctx)
}

// WatchHolding is Watch, and the daemon removes the named work (of origin OriginCLI) once this
// event stream ends: when the command stops, or dies without a word.
func (c *Client) WatchHolding(ctx context.Context, names ...string) (<-chan engine.Event, error) {
	path := APIVersion + "/events"
	if len(names) > 0 {
		q := url.Values{}
		for _, n := range names {
			q.Add("hold", n)
		}
		path += "?" + q.Encode()
	}
	return followSSE[engine.Event](ctx, c, path, 16)
}

// followSSE reads a server-sent event stream of T values into a channel that closes when ctx ends
// or the stream does (the daemon went away). Events that do not decode are skipped.
func followSSE[T any](ctx context.Context, c *Client, path string, buffer int) (<-chan T, error) {
	resp, err := c.request(ctx, http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	out := make(chan T, buffer)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		r := newSSEReader(resp.Body)
		for {
			_, data, err := r.next()
			if err != nil {
				return
			}
			var v T
			if json.Unmarshal(data, &v) != nil {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

func (c *Client) Plan(ctx context.Context, s spec.StreamSpec) (engine.Plan, error) {
	var p engine.Plan
	return p, c.do(ctx, http.MethodPost, APIVersion+"/plan", StreamBody{Stream: &s}, &p)
}

func (c *Client) Plugins(ctx context.Context) ([]engine.PluginStatus, error) {
	var ps []engine.PluginStatus
	return ps, c.do(ctx, http.MethodGet, APIVersion+"/plugins", nil, &ps)
}

func (c *Client) RestartPlugin(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPost, APIVersion+"/plugins/"+url.PathEscape(name)+"/restart", nil, nil)
}

func (c *Client) Devices(ctx context.Context, follow bool) (<-chan engine.DeviceEvent, error) {
	out := make(chan engine.DeviceEvent, 8)
	if !follow {
		var all []engine.DeviceEvent
		if err := c.do(ctx, http.MethodGet, APIVersion+"/devices", nil, &all); err != nil {
			return nil, err
		}
		go func() {
			defer close(out)
			for _, ev := range all {
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}()
		return out, nil
	}
	return followSSE[engine.DeviceEvent](ctx, c, APIVersion+"/devices?follow=1", 8)
}

func (c *Client) Probe(ctx context.Context, plugin, deviceID string, hw spec.HWPreference) ([]engine.ProbeResult, error) {
	q := url.Values{}
	q.Set("plugin", plugin)
	q.Set("device", deviceID)
	q.Set("hardware", string(hw))
	var res []engine.ProbeResult
	return res, c.do(ctx, http.MethodGet, APIVersion+"/probe?"+q.Encode(), nil, &res)
}

func (c *Client) Config(ctx context.Context) (ConfigFile, error) {
	var f ConfigFile
	return f, c.do(ctx, http.MethodGet, APIVersion+"/config", nil, &f)
}

func (c *Client) PutConfig(ctx context.Context, text string) (ReloadResult, error) {
	var r ReloadResult
	return r, c.do(ctx, http.MethodPut, APIVersion+"/config", rawText(text), &r)
}

func (c *Client) Logs(ctx context.Context, last int, follow bool) (<-chan LogLine, error) {
	q := "?last=" + strconv.Itoa(last)
	if follow {
		q += "&follow=1"
	}
	return followSSE[LogLine](ctx, c, APIVersion+"/logs"+q, 64)
}

func (c *Client) Sessions(ctx context.Context, name string) ([]pluginapi.Session, error) {
	var ss []pluginapi.Session
	return ss, c.do(ctx, http.MethodGet, workPath(engine.KindStream, name)+"/sessions", nil, &ss)
}

func (c *Client) Kick(ctx context.Context, name, sessionID string) error {
	return c.do(ctx, http.MethodDelete, workPath(engine.KindStream, name)+"/sessions/"+url.PathEscape(sessionID), nil, nil)
}
