// A ring no one misses: while the agent's phone rings, a soft double beep every two seconds (unless muted),
// the tab's title alternating with the caller's name, and a browser notification when the tab is hidden
// (permission asked once, from the desk's bell button). Muting is kept in the browser (localStorage).
const MUTED = 'crm.ring.muted';
let timer = null;
let audio = null;
let notice = null;
let savedTitle = null;

function beep() {
  if (localStorage.getItem(MUTED) === '1') {
    return;
  }
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    if (audio.state === 'suspended') {
      audio.resume();
    }
    [0, 0.25].forEach(offset => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + offset + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + offset);
      osc.stop(audio.currentTime + offset + 0.2);
    });
  } catch (e) {
    // no sound where the browser refuses it; the title and the notification still tell
  }
}

window.crmRing = {
  start(who) {
    this.stop();
    savedTitle = document.title;
    const ringing = '\u260E ' + who;
    let flip = false;
    beep();
    timer = setInterval(() => {
      flip = !flip;
      document.title = flip ? ringing : savedTitle;
      if (!flip) {
        beep();
      }
    }, 1000);
    document.title = ringing;
    document.documentElement.setAttribute('ringing', '');
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted') {
      notice = new Notification('Incoming call', {body: who, tag: 'crm-ring', requireInteraction: true});
      notice.onclick = () => { window.focus(); notice.close(); };
    }
  },
  stop() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if (savedTitle !== null) {
      document.title = savedTitle;
      savedTitle = null;
    }
    document.documentElement.removeAttribute('ringing');
    if (notice) {
      notice.close();
      notice = null;
    }
  },
  muted() {
    return localStorage.getItem(MUTED) === '1';
  },
  setMuted(muted) {
    localStorage.setItem(MUTED, muted ? '1' : '0');
  },
  // asked once, from a click (browsers want a gesture); the answer is the browser's to keep
  askToNotify() {
    if ('Notification' in window && Notification.permission === 'default') {
      Notification.requestPermission();
    }
    return 'Notification' in window ? Notification.permission : 'unsupported';
  }
};
