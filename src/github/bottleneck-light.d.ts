// The throttling plugin loads Bottleneck's light build (no Redis clustering); ours is the same module, so the bundle holds
// one copy. It has no declaration file of its own: its API is the full build's.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
